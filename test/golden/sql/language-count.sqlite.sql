SELECT COUNT(*) AS "totalCount" FROM (
  SELECT 1 AS "group"
  FROM "language ""rows"""
  WHERE "customer ""name""" > ? AND ("code" IS NULL OR lower("code") > ?) AND "day" >= ? AND "seats" < ? AND (instr("customer ""name""", ?) > 0 OR instr(lower("code"), ?) = 1 OR "customer ""name""" IS NULL OR NOT (instr("customer ""name""" || X'FF', ? || X'FF') > 0))
  GROUP BY (max(date(substr("day", 1, 10), '-6 days', 'weekday 1'), '0000-01-01') || 'T00:00:00.000Z')
) AS "groups"
-- values: ["a","abc","2024-12-30T23:00:00.000Z",3,"50%_off","ab","[x]"]
