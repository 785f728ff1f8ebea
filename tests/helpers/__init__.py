"""What tests share, imported one way: `from tests.helpers.<module> import ...`.

- `wait`: poll for a condition with a deadline; giving up fails the test (never a fixed sleep).
- `pilot`: Textual pilot tests: the terminal SIZE, the fixture records, waiting for the app.
- `opener`: a fake opener program that records what it was asked to open.
- `files`: file-system helpers (deleting a folder chain too deep for shutil.rmtree).
- `http_server`: a real HTTP server on 127.0.0.1 serving PDFs and every faulty answer.
- `oai_server`: a real OAI-PMH endpoint on 127.0.0.1 serving a real export's records.
- `tmux`: the installed app in a real terminal.
- `hostile`, `make_hostile`: the hostile records folder and what "clean" text means.
"""
