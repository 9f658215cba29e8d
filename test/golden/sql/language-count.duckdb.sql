SELECT COUNT(*) AS "totalCount" FROM (
  SELECT 1 AS "group"
  FROM "language ""rows"""
  WHERE "customer ""name""" > $1 AND ("code" IS NULL OR translate("code", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') > $2) AND "day" >= $3 AND "seats" < $4 AND (contains("customer ""name""", $5) OR starts_with(translate("code", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), $6) OR "customer ""name""" IS NULL OR NOT (ends_with("customer ""name""", $7)))
  GROUP BY ((CASE WHEN left("day", 10) < '0000-01-03' THEN '0000-01-01' ELSE strftime(date_trunc('week', CAST(left("day", 10) AS DATE)), '%Y-%m-%d') END) || 'T00:00:00.000Z')
) AS "groups"
-- values: ["a","abc","2024-12-30T23:00:00.000Z",3,"50%_off","ab","[x]"]
