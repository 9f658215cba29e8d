SELECT "code" AS "code", ((CASE WHEN left("day", 10) < '0000-01-03' THEN '0000-01-01' ELSE strftime(date_trunc('week', CAST(left("day", 10) AS DATE)), '%Y-%m-%d') END) || 'T00:00:00.000Z') AS "day", COALESCE(SUM("licenses"), 0) AS "licenses", COUNT(*) AS "subscriptions"
FROM "language ""rows"""
GROUP BY "code", ((CASE WHEN left("day", 10) < '0000-01-03' THEN '0000-01-01' ELSE strftime(date_trunc('week', CAST(left("day", 10) AS DATE)), '%Y-%m-%d') END) || 'T00:00:00.000Z')
ORDER BY COUNT(*) DESC NULLS LAST, ((CASE WHEN left("day", 10) < '0000-01-03' THEN '0000-01-01' ELSE strftime(date_trunc('week', CAST(left("day", 10) AS DATE)), '%Y-%m-%d') END) || 'T00:00:00.000Z') DESC NULLS LAST, "code" NULLS FIRST
LIMIT 10000 OFFSET 0
-- values: []
