SELECT (substr("day", 1, 10) || 'T00:00:00.000Z') AS "day", COALESCE(SUM("licenses"), 0) AS "licenses", COUNT(*) AS "subscriptions"
FROM "language ""rows"""
GROUP BY (substr("day", 1, 10) || 'T00:00:00.000Z')
ORDER BY (substr("day", 1, 10) || 'T00:00:00.000Z')
LIMIT 10000 OFFSET 0
-- values: []
SELECT (substr("day", 1, 7) || '-01T00:00:00.000Z') AS "day", COALESCE(SUM("licenses"), 0) AS "licenses", COUNT(*) AS "subscriptions"
FROM "language ""rows"""
GROUP BY (substr("day", 1, 7) || '-01T00:00:00.000Z')
ORDER BY (substr("day", 1, 7) || '-01T00:00:00.000Z')
LIMIT 10000 OFFSET 0
-- values: []
