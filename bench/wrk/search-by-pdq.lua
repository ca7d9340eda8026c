-- wrk script: GET /search?pdq=... with a random query hash per request, read from queries.txt
-- (written by `ScaleBench --write-only`: stored hashes with 8 bits flipped). Run from that folder.
local queries = {}
for line in io.lines("queries.txt") do
  queries[#queries + 1] = line
end
math.randomseed(os.time())

request = function()
  return wrk.format("GET", "/search?k=10&pdq=" .. queries[math.random(1, #queries)])
end
