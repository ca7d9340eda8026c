-- wrk script: POST /internal/search (the node-local search that a fan-out sends to each instance)
-- with eight DISTINCT query forms: form 0 is a line of queries.txt (a stored hash with 8 bits
-- flipped), forms 1-7 are random. `GET /search?id=` of an imported hash has eight equal forms,
-- which the index scores once; this script measures the cost of eight forms that differ, as the
-- forms of a photo do. The body carries the query in QueryCodec's binary form (base64url): version,
-- quality and the eight forms, no trimmed hashes, no keypoints, no frame. Run from the folder
-- holding queries.txt.
local bit = require("bit")
local queries = {}
for line in io.lines("queries.txt") do
  queries[#queries + 1] = line
end
math.randomseed(os.time())

local function hexBytes(hex)
  return (hex:gsub("..", function(pair) return string.char(tonumber(pair, 16)) end))
end

local function randomBytes(n)
  local t = {}
  for i = 1, n do
    t[i] = string.char(math.random(0, 255))
  end
  return table.concat(t)
end

-- Vert.x JSON carries binary as URL-safe base64.
local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
local function base64(s)
  local out = {}
  for i = 1, #s, 3 do
    local a, b, c = s:byte(i, i + 2)
    local n = bit.bor(bit.lshift(a, 16), bit.lshift(b or 0, 8), c or 0)
    local chars = {}
    for k = 3, 0, -1 do
      local idx = bit.band(bit.rshift(n, 6 * k), 63) + 1
      chars[#chars + 1] = alphabet:sub(idx, idx)
    end
    if not b then chars[3] = "" end
    if not c then chars[4] = "" end
    out[#out + 1] = table.concat(chars)
  end
  return table.concat(out)
end

request = function()
  local forms = { hexBytes(queries[math.random(1, #queries)]) }
  for f = 2, 8 do
    forms[f] = randomBytes(32)
  end
  local query = string.char(1, 100, 8) .. table.concat(forms)
      .. string.char(0, 0)                      -- no trimmed hashes
      .. string.char(255, 255, 255, 255)        -- no keypoints
      .. string.char(255, 255, 255, 255)        -- no mirrored keypoints
      .. string.char(0, 0, 0, 0)                -- no frame
  local body = '{"query":"' .. base64(query) .. '","k":10,"threshold":31}'
  return wrk.format("POST", "/internal/search", { ["Content-Type"] = "application/json" }, body)
end
