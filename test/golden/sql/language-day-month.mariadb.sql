SELECT MIN((CONCAT(SUBSTR(`day`, 1, 10), 'T00:00:00.000Z'))) AS `day`, COALESCE(SUM(`licenses`), 0) AS `licenses`, COUNT(*) AS `subscriptions`
FROM `language "rows"`
GROUP BY (CONCAT(SUBSTR(`day`, 1, 10), 'T00:00:00.000Z')) COLLATE utf8mb4_nopad_bin
ORDER BY (CONCAT(SUBSTR(`day`, 1, 10), 'T00:00:00.000Z')) COLLATE utf8mb4_nopad_bin, LENGTH((CONCAT(SUBSTR(`day`, 1, 10), 'T00:00:00.000Z')))
LIMIT 10000 OFFSET 0
-- values: []
SELECT MIN((CONCAT(SUBSTR(`day`, 1, 7), '-01T00:00:00.000Z'))) AS `day`, COALESCE(SUM(`licenses`), 0) AS `licenses`, COUNT(*) AS `subscriptions`
FROM `language "rows"`
GROUP BY (CONCAT(SUBSTR(`day`, 1, 7), '-01T00:00:00.000Z')) COLLATE utf8mb4_nopad_bin
ORDER BY (CONCAT(SUBSTR(`day`, 1, 7), '-01T00:00:00.000Z')) COLLATE utf8mb4_nopad_bin, LENGTH((CONCAT(SUBSTR(`day`, 1, 7), '-01T00:00:00.000Z')))
LIMIT 10000 OFFSET 0
-- values: []
