SELECT "code" AS "code", (max(date(substr("day", 1, 10), '-6 days', 'weekday 1'), '0000-01-01') || 'T00:00:00.000Z') AS "day", COALESCE(SUM("licenses"), 0) AS "licenses", COUNT(*) AS "subscriptions"
FROM "language ""rows"""
GROUP BY "code", (max(date(substr("day", 1, 10), '-6 days', 'weekday 1'), '0000-01-01') || 'T00:00:00.000Z')
ORDER BY COUNT(*) DESC, (max(date(substr("day", 1, 10), '-6 days', 'weekday 1'), '0000-01-01') || 'T00:00:00.000Z') DESC, "code"
LIMIT 10000 OFFSET 0
-- values: []
