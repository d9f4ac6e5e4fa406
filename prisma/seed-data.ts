// Plans and demo accounts every fresh database starts with.
export const seedPlans = [
  {
    code: "vip-30",
    name: "VIP 30 days",
    description: "Full VIP access for 30 days. One payment, no renewal.",
    kind: "ONE_TIME",
    priceMinor: 300,
    currency: "TWD",
    durationDays: 30,
    sortOrder: 1,
  },
  {
    code: "vip-90",
    name: "VIP 90 days",
    description: "Three months of VIP access for the price of two and a half.",
    kind: "ONE_TIME",
    priceMinor: 750,
    currency: "TWD",
    durationDays: 90,
    sortOrder: 2,
  },
  {
    code: "vip-365",
    name: "VIP 1 year",
    description: "A full year of VIP access, paid once.",
    kind: "ONE_TIME",
    priceMinor: 2490,
    currency: "TWD",
    durationDays: 365,
    sortOrder: 3,
  },
  {
    code: "vip-monthly",
    name: "VIP Monthly",
    description: "VIP access that renews every month with LINE Pay. Cancel any time.",
    kind: "RECURRING",
    priceMinor: 149,
    currency: "TWD",
    durationDays: 30,
    billingInterval: "MONTH",
    sortOrder: 4,
  },
  {
    code: "vip-yearly",
    name: "VIP Yearly",
    description: "VIP access that renews every year with LINE Pay: two months free.",
    kind: "RECURRING",
    priceMinor: 1490,
    currency: "TWD",
    durationDays: 365,
    billingInterval: "YEAR",
    sortOrder: 5,
  },
] as const;

// Local demo logins, printed by `npm run dev`. The seed refuses to create them in production.
export const demoAccounts = [
  {
    email: "shopper@example.com",
    password: "shopper-demo-1",
    name: "Demo Shopper",
    role: "SHOPPER",
  },
  { email: "admin@example.com", password: "admin-demo-1", name: "Demo Admin", role: "ADMIN" },
] as const;
