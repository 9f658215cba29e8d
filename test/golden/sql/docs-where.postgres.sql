(lower("workloadCode" COLLATE "C") = $1 OR lower("channel" COLLATE "C") = $2)
-- values: ["sfb","reseller"]
