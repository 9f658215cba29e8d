CREATE TABLE "license_usage" (
  "workloadCode" TEXT,
  "workloadName" TEXT,
  "serviceCode" TEXT,
  "serviceName" TEXT,
  "channel" TEXT,
  "customerTenantId" TEXT,
  "customerName" TEXT,
  "productId" TEXT,
  "productName" TEXT,
  "licensesActive" REAL,
  "licensesQualified" REAL,
  "processedDateTime" TEXT
)
