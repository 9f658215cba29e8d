SELECT "id" AS "id", "customer ""name""" AS "name", "code" AS "code", "seats" AS "seats", "day" AS "day", "customer" AS "customer", "licenses" AS "licenses", "subscriptions" AS "subscriptions"
FROM "language ""rows"""
WHERE "customer ""name""" > $1 AND ("code" IS NULL OR translate("code", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') > $2) AND "day" >= $3 AND "seats" < $4 AND (contains("customer ""name""", $5) OR starts_with(translate("code", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), $6) OR "customer ""name""" IS NULL OR NOT (ends_with("customer ""name""", $7)))
ORDER BY "seats" DESC NULLS LAST, "customer ""name""" NULLS FIRST, "id" NULLS FIRST, "code" NULLS FIRST, "day" NULLS FIRST, "customer" NULLS FIRST, "licenses" NULLS FIRST, "subscriptions" NULLS FIRST
LIMIT 10 OFFSET 0
-- values: ["a","abc","2024-12-30T23:00:00.000Z",3,"50%_off","ab","[x]"]
