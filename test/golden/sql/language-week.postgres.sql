SELECT "code" AS "code", (to_char(date_trunc('week', CAST(left("day", 10) AS timestamp)), 'YYYY-MM-DD') || 'T00:00:00.000Z') AS "day", COALESCE(SUM("licenses"), 0) AS "licenses", COUNT(*) AS "subscriptions"
FROM "language ""rows"""
GROUP BY "code", (to_char(date_trunc('week', CAST(left("day", 10) AS timestamp)), 'YYYY-MM-DD') || 'T00:00:00.000Z')
ORDER BY COUNT(*) DESC NULLS LAST, (to_char(date_trunc('week', CAST(left("day", 10) AS timestamp)), 'YYYY-MM-DD') || 'T00:00:00.000Z') COLLATE "C" DESC NULLS LAST, "code" COLLATE "C" NULLS FIRST
LIMIT 10000 OFFSET 0
-- values: []
