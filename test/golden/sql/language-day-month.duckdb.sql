SELECT (left("day", 10) || 'T00:00:00.000Z') AS "day", COALESCE(SUM("licenses"), 0) AS "licenses", COUNT(*) AS "subscriptions"
FROM "language ""rows"""
GROUP BY (left("day", 10) || 'T00:00:00.000Z')
ORDER BY (left("day", 10) || 'T00:00:00.000Z') NULLS FIRST
LIMIT 10000 OFFSET 0
-- values: []
SELECT (left("day", 7) || '-01T00:00:00.000Z') AS "day", COALESCE(SUM("licenses"), 0) AS "licenses", COUNT(*) AS "subscriptions"
FROM "language ""rows"""
GROUP BY (left("day", 7) || '-01T00:00:00.000Z')
ORDER BY (left("day", 7) || '-01T00:00:00.000Z') NULLS FIRST
LIMIT 10000 OFFSET 0
-- values: []
