SELECT COUNT(*) AS "totalCount" FROM (
  SELECT 1 AS "group"
  FROM "language ""rows"""
  WHERE "customer ""name""" COLLATE "C" > $1 COLLATE "C" AND ("code" IS NULL OR lower("code" COLLATE "C") COLLATE "C" > $2 COLLATE "C") AND "day" COLLATE "C" >= $3 COLLATE "C" AND "seats" < $4 AND (strpos("customer ""name""", $5) > 0 OR starts_with(lower("code" COLLATE "C"), $6) OR "customer ""name""" IS NULL OR NOT (strpos(reverse("customer ""name"""), reverse($7)) = 1))
  GROUP BY ((CASE WHEN left("day", 4) <> '0000' THEN to_char(date_trunc('week', CAST(left("day", 10) AS timestamp)), 'YYYY-MM-DD') WHEN substr("day", 6, 5) COLLATE "C" < '01-03' THEN '0000-01-01' ELSE '0000' || to_char(date_trunc('week', CAST('0400' || substr("day", 5, 6) AS timestamp)), '-MM-DD') END) || 'T00:00:00.000Z')
) AS "groups"
-- values: ["a","abc","2024-12-30T23:00:00.000Z",3,"50%_off","ab","[x]"]
