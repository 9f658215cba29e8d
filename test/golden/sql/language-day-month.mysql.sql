SELECT (CONCAT(SUBSTR(`day`, 1, 10), 'T00:00:00.000Z')) COLLATE utf8mb4_0900_bin AS `day`, COALESCE(SUM(`licenses`), 0) AS `licenses`, COUNT(*) AS `subscriptions`
FROM `language "rows"`
GROUP BY (CONCAT(SUBSTR(`day`, 1, 10), 'T00:00:00.000Z')) COLLATE utf8mb4_0900_bin
ORDER BY (CONCAT(SUBSTR(`day`, 1, 10), 'T00:00:00.000Z')) COLLATE utf8mb4_0900_bin
LIMIT 10000 OFFSET 0
-- values: []
SELECT (CONCAT(SUBSTR(`day`, 1, 7), '-01T00:00:00.000Z')) COLLATE utf8mb4_0900_bin AS `day`, COALESCE(SUM(`licenses`), 0) AS `licenses`, COUNT(*) AS `subscriptions`
FROM `language "rows"`
GROUP BY (CONCAT(SUBSTR(`day`, 1, 7), '-01T00:00:00.000Z')) COLLATE utf8mb4_0900_bin
ORDER BY (CONCAT(SUBSTR(`day`, 1, 7), '-01T00:00:00.000Z')) COLLATE utf8mb4_0900_bin
LIMIT 10000 OFFSET 0
-- values: []
