(lower("license_usage"."workloadCode") = {p1:String} OR lower("license_usage"."channel") = {p2:String})
-- values: ["sfb","reseller"]
