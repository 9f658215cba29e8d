"customer ""name""" > ? AND ("code" IS NULL OR lower("code") > ?) AND "day" >= ? AND "seats" < ? AND (instr("customer ""name""", ?) > 0 OR instr(lower("code"), ?) = 1 OR "customer ""name""" IS NULL OR NOT (instr("customer ""name""" || X'FF', ? || X'FF') > 0))
-- values: ["a","abc","2024-12-30T23:00:00.000Z",3,"50%_off","ab","[x]"]
