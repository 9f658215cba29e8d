CREATE TABLE `license_usage` (
  `workloadCode` TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
  `workloadName` TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
  `serviceCode` TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
  `serviceName` TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
  `channel` TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
  `customerTenantId` TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
  `customerName` TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
  `productId` TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
  `productName` TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
  `licensesActive` DOUBLE,
  `licensesQualified` DOUBLE,
  `processedDateTime` TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin
)
