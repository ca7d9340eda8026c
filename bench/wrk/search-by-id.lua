-- wrk script: GET /search?id=h<n> (all 8 dihedral forms of a stored hash) with a random id per
-- request among the ids `ScaleBench --write-only` gives (h0 .. h<count-1>). COUNT defaults to 1M.
local count = tonumber(os.getenv("COUNT") or "1000000")
math.randomseed(os.time())

request = function()
  return wrk.format("GET", "/search?k=10&id=h" .. math.random(0, count - 1))
end
