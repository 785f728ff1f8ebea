"""The command line: `repotui` runs the app; subcommands print plain text for scripts."""
