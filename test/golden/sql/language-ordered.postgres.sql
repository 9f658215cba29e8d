SELECT "id" AS "id", "customer ""name""" AS "name", "code" AS "code", "seats" AS "seats", "day" AS "day", "customer" AS "customer", "licenses" AS "licenses", "subscriptions" AS "subscriptions"
FROM "language ""rows"""
WHERE "customer ""name""" COLLATE "C" > $1 COLLATE "C" AND ("code" IS NULL OR lower("code" COLLATE "C") COLLATE "C" > $2 COLLATE "C") AND "day" COLLATE "C" >= $3 COLLATE "C" AND "seats" < $4 AND (strpos("customer ""name""", $5) > 0 OR starts_with(lower("code" COLLATE "C"), $6) OR "customer ""name""" IS NULL OR NOT (strpos(reverse("customer ""name"""), reverse($7)) = 1))
ORDER BY "seats" DESC NULLS LAST, "customer ""name""" COLLATE "C" NULLS FIRST, "id" NULLS FIRST, "code" COLLATE "C" NULLS FIRST, "day" COLLATE "C" NULLS FIRST, "customer" COLLATE "C" NULLS FIRST, "licenses" NULLS FIRST, "subscriptions" NULLS FIRST
LIMIT 10 OFFSET 0
-- values: ["a","abc","2024-12-30T23:00:00.000Z",3,"50%_off","ab","[x]"]
