-- wrk script: POST /internal/search (the node-local search that a fan-out sends to each instance)
-- with eight DISTINCT query forms: form 0 is a line of queries.txt (a stored hash with 8 bits
-- flipped), forms 1-7 are random. `GET /search?id=` of an imported hash has eight equal forms,
-- which the index scores once; this script measures the cost of eight forms that differ, as the
-- forms of a photo do. Run from the folder holding queries.txt.
local queries = {}
for line in io.lines("queries.txt") do
  queries[#queries + 1] = line
end
math.randomseed(os.time())

local function randomHex()
  local parts = {}
  for i = 1, 16 do
    parts[i] = string.format("%04x", math.random(0, 65535))
  end
  return table.concat(parts)
end

request = function()
  local forms = { '"' .. queries[math.random(1, #queries)] .. '"' }
  for f = 2, 8 do
    forms[f] = '"' .. randomHex() .. '"'
  end
  local body = '{"forms":[' .. table.concat(forms, ",") .. '],"k":10,"threshold":31}'
  return wrk.format("POST", "/internal/search", { ["Content-Type"] = "application/json" }, body)
end
