-- repotui's citation server: run as `pandoc lua pandoc_citeproc.lua`.
-- Reads one JSON request per line on stdin:
--   {"seq": n, "csl": "/path/style.csl", "lang": "en-GB", "faithful": true, "groups": [GROUP, ...]}
-- and writes one JSON line per request:
--   {"seq": n, "groups": [RESULT, ...]}   or   {"seq": n, "error": "..."}.
-- Each GROUP is its own citeproc run (its own document, its own bibliography). It is either
--   "<CSL-JSON array>"  -> RESULT is [{"id": "...", "ast": "<pandoc JSON of the entry>"}, ...]
--                          (the bibliography of every item, in the style's order)
-- or a job object
--   {"refs": "<CSL-JSON array>", "csl": "...", "lang": "..." (both optional: default to the
--    request's; a missing lang lets the style's default-locale decide),
--    "clusters": [[{"id": "...", "mode": "normal|author-in-text|suppress-author",
--                   "prefix": "...", "suffix": "..."}, ...], ...],
--    "notes": true|false (put each cluster in its own footnote: note styles),
--    "all": true|false (bibliography of every item, not only the cited ones),
--    "faithful": true|false (see `faithful` below)}
--   -> RESULT is {"citations": ["<pandoc JSON>", ...], "entries": [...]} or {"error": "..."}.
-- Record text arrives only as JSON data and becomes Str elements; nothing here builds commands,
-- parses markup from the data or reads files other than the style named in the request.

local MODES = {["normal"] = "NormalCitation", ["author-in-text"] = "AuthorInText",
               ["suppress-author"] = "SuppressAuthor"}

local function words(text)
  -- Plain text -> Str/Space inlines (pandoc's locator parser reads ", 33" from these).
  local out = pandoc.Inlines{}
  if type(text) ~= "string" or text == "" then return out end
  local pos = 1
  while pos <= #text do
    local s, e = text:find("%s+", pos)
    if not s then
      out:insert(pandoc.Str(text:sub(pos)))
      break
    end
    if s > pos then out:insert(pandoc.Str(text:sub(pos, s - 1))) end
    out:insert(pandoc.Space())
    pos = e + 1
  end
  return out
end

local function entries_of(out)
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

-- pandoc's csljson reader turns every date into a date string and runs particle parsing twice
-- (reading, then again from the metadata), which loses literal dates ("in press" prints
-- nothing), the CSL-JSON convention of a quoted family name ("\"van Happel\"": no particle) and
-- "parse-names": false. With `faithful`, the names and the literal dates are set again from
-- the request's own JSON, so citeproc reads each exactly once.
local DATE_VARS = {"accessed", "available-date", "container", "event-date", "issued",
                   "original-date", "submitted"}
local NAME_VARS = {"author", "chair", "collection-editor", "compiler", "composer", "container-author",
                   "contributor", "curator", "director", "editor", "editorial-director",
                   "executive-producer", "guest", "host", "illustrator", "interviewer", "narrator",
                   "organizer", "original-author", "performer", "producer", "recipient",
                   "reviewed-author", "script-writer", "series-creator", "translator"}
local NAME_TEXT = {"family", "given", "dropping-particle", "non-dropping-particle", "suffix", "literal"}
local NAME_FLAGS = {"comma-suffix", "static-ordering"}

local function name_meta(raw)
  local name = {}
  for _, key in ipairs(NAME_TEXT) do
    local v = raw[key]
    if type(v) == "string" and v ~= "" then
      name[key] = v:gsub("'", "\u{2019}")
    elseif type(v) == "number" then
      name[key] = tostring(v)
    end
  end
  for _, key in ipairs(NAME_FLAGS) do
    if raw[key] == true or raw[key] == "true" or raw[key] == 1 then name[key] = true end
  end
  local family = name.family
  if family and (raw["parse-names"] == false or raw["parse-names"] == "false")
      and not (family:sub(1, 1) == '"' and family:sub(-1) == '"') then
    name.family = '"' .. family .. '"'
  end
  return name
end

local function is_edtf(text)
  return text:match("^[%d%-/~%?%%%sXuT:%.]*$") ~= nil
end

local function faithful(doc, refs)
  local ok, raw = pcall(pandoc.json.decode, refs, false)
  if not ok or type(raw) ~= "table" then return end
  local by_id = {}
  for _, item in ipairs(raw) do
    if type(item) == "table" and item.id ~= nil then by_id[tostring(item.id)] = item end
  end
  local references = doc.meta.references
  if not references then return end
  for _, ref in ipairs(references) do
    local item = by_id[pandoc.utils.stringify(ref.id or "")]
    if item then
      for _, var in ipairs(NAME_VARS) do
        if type(item[var]) == "table" then
          local names = {}
          for _, raw_name in ipairs(item[var]) do
            if type(raw_name) == "table" then names[#names + 1] = name_meta(raw_name) end
          end
          ref[var] = names
        end
      end
      for _, var in ipairs(DATE_VARS) do
        local value = ref[var]
        if type(value) == "string" and value ~= "" and not is_edtf(value) then
          ref[var] = {literal = value}
        end
      end
    end
  end
  doc.meta.references = references
end

local function new_doc(refs, csl, lang, faithful_refs)
  local doc = pandoc.read(refs, "csljson")
  if faithful_refs then faithful(doc, refs) end
  doc.meta.csl = csl
  if type(lang) == "string" and lang ~= "" then doc.meta.lang = lang end
  doc.meta["link-citations"] = false
  doc.meta["suppress-bibliography"] = false
  return doc
end

local function render_group(refs, csl, lang, faithful_refs)
  local doc = new_doc(refs, csl, lang, faithful_refs)
  doc.meta.nocite = pandoc.Inlines{pandoc.Cite({pandoc.Str("@*")}, {pandoc.Citation("*", "AuthorInText")})}
  return entries_of(pandoc.utils.citeproc(doc))
end

local function cite_content(block)
  -- The rendered inlines of the first Cite in `block` (a note's blocks when pandoc made one).
  local found
  block:walk{Cite = function(c)
    if not found then found = c.content end
  end}
  if found and #found == 1 and found[1].t == "Note" then
    return found[1].content
  end
  return {pandoc.Plain(found or {})}
end

local function run_job(job, csl, lang)
  local style = type(job.csl) == "string" and job.csl or csl
  local doc = new_doc(job.refs, style, job.lang == nil and lang or job.lang, job.faithful == true)
  if job.all then
    doc.meta.nocite = pandoc.Inlines{pandoc.Cite({pandoc.Str("@*")}, {pandoc.Citation("*", "AuthorInText")})}
  end
  local blocks = {}
  for _, cluster in ipairs(job.clusters or {}) do
    local cites = {}
    for _, item in ipairs(cluster) do
      local c = pandoc.Citation(tostring(item.id), MODES[item.mode] or "NormalCitation")
      c.prefix = words(item.prefix)
      c.suffix = words(item.suffix)
      cites[#cites + 1] = c
    end
    local cite = pandoc.Cite({pandoc.Str("[cite]")}, cites)
    if job.notes then
      blocks[#blocks + 1] = pandoc.Para{pandoc.Note{pandoc.Para{cite}}}
    else
      blocks[#blocks + 1] = pandoc.Para{cite}
    end
  end
  doc.blocks = blocks
  local out = pandoc.utils.citeproc(doc)
  local citations = {}
  local n = 0
  for _, blk in ipairs(out.blocks) do
    if blk.t == "Para" then
      n = n + 1
      citations[n] = pandoc.write(pandoc.Pandoc(cite_content(blk)), "json")
    end
  end
  return {citations = citations, entries = entries_of(out)}
end

local function handle(req)
  local groups = {}
  for i, group in ipairs(req.groups) do
    if type(group) == "table" then
      local ok, r = pcall(run_job, group, req.csl, req.lang)
      groups[i] = ok and r or {error = tostring(r)}
    else
      groups[i] = render_group(group, req.csl, req.lang, req.faithful == true)
    end
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
