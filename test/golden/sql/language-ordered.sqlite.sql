SELECT "id" AS "id", "customer ""name""" AS "name", "code" AS "code", "seats" AS "seats", "day" AS "day", "customer" AS "customer", "licenses" AS "licenses", "subscriptions" AS "subscriptions"
FROM "language ""rows"""
WHERE "customer ""name""" > ? AND ("code" IS NULL OR lower("code") > ?) AND "day" >= ? AND "seats" < ? AND (instr("customer ""name""", ?) > 0 OR instr(lower("code"), ?) = 1 OR "customer ""name""" IS NULL OR NOT (instr("customer ""name""" || X'FF', ? || X'FF') > 0))
ORDER BY "seats" DESC, "customer ""name""", "id", "code", "day", "customer", "licenses", "subscriptions"
LIMIT 10 OFFSET 0
-- values: ["a","abc","2024-12-30T23:00:00.000Z",3,"50%_off","ab","[x]"]
