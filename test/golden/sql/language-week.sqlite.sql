SELECT "code" AS "code", (date(substr("day", 1, 10), '-6 days', 'weekday 1') || 'T00:00:00.000Z') AS "day", COALESCE(SUM("licenses"), 0) AS "licenses", COUNT(*) AS "subscriptions"
FROM "language ""rows"""
GROUP BY "code", (date(substr("day", 1, 10), '-6 days', 'weekday 1') || 'T00:00:00.000Z')
ORDER BY COUNT(*) DESC, (date(substr("day", 1, 10), '-6 days', 'weekday 1') || 'T00:00:00.000Z') DESC, "code"
LIMIT 10000 OFFSET 0
-- values: []
