SELECT (substring("language ""rows"""."day", 1, 10) || 'T00:00:00.000Z') AS "day", COALESCE(SUM("language ""rows"""."licenses"), 0) AS "licenses", COUNT(*) AS "subscriptions"
FROM "language ""rows"""
GROUP BY (substring("language ""rows"""."day", 1, 10) || 'T00:00:00.000Z')
ORDER BY (substring("language ""rows"""."day", 1, 10) || 'T00:00:00.000Z') NULLS FIRST
LIMIT 10000 OFFSET 0
-- values: []
SELECT (substring("language ""rows"""."day", 1, 7) || '-01T00:00:00.000Z') AS "day", COALESCE(SUM("language ""rows"""."licenses"), 0) AS "licenses", COUNT(*) AS "subscriptions"
FROM "language ""rows"""
GROUP BY (substring("language ""rows"""."day", 1, 7) || '-01T00:00:00.000Z')
ORDER BY (substring("language ""rows"""."day", 1, 7) || '-01T00:00:00.000Z') NULLS FIRST
LIMIT 10000 OFFSET 0
-- values: []
