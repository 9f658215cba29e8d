(lower("workloadCode") = ? OR lower("channel") = ?)
-- values: ["sfb","reseller"]
