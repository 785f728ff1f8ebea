-- repotui's citation server: run as `pandoc lua pandoc_citeproc.lua`.
-- Reads one JSON request per line on stdin:
--   {"seq": n, "csl": "/path/style.csl", "lang": "en-GB", "groups": ["<CSL-JSON array>", ...]}
-- and writes one JSON line per request:
--   {"seq": n, "groups": [[{"id": "...", "ast": "<pandoc JSON of the entry's blocks>"}, ...], ...]}
-- or {"seq": n, "error": "..."}. Each group is its own citeproc run (its own bibliography).
-- Record text arrives only as JSON data; nothing here builds commands or reads other files.

local function render_group(refs, csl, lang)
  local doc = pandoc.read(refs, "csljson")
  doc.meta.csl = csl
  doc.meta.lang = lang
  doc.meta["link-citations"] = false
  doc.meta["suppress-bibliography"] = false
  doc.meta.nocite = pandoc.Inlines{pandoc.Cite({pandoc.Str("@*")}, {pandoc.Citation("*", "AuthorInText")})}
  local out = pandoc.utils.citeproc(doc)
  local entries = {}
  for _, blk in ipairs(out.blocks) do
    if blk.t == "Div" and blk.identifier == "refs" then
      for _, e in ipairs(blk.content) do
        if e.t == "Div" then
          local id = e.identifier:gsub("^ref%-", "")
          entries[#entries + 1] = {id = id, ast = pandoc.write(pandoc.Pandoc(e.content), "json")}
        end
      end
    end
  end
  return entries
end

local function handle(req)
  local groups = {}
  for i, refs in ipairs(req.groups) do
    groups[i] = render_group(refs, req.csl, req.lang)
  end
  return {seq = req.seq, groups = groups}
end

for line in io.lines() do
  local ok, req = pcall(pandoc.json.decode, line, false)
  local res
  if not ok or type(req) ~= "table" then
    res = {error = "bad request: " .. tostring(req)}
  else
    local ok2, r = pcall(handle, req)
    if ok2 then res = r else res = {seq = req.seq, error = tostring(r)} end
  end
  io.stdout:write(pandoc.json.encode(res), "\n")
  io.stdout:flush()
end
