// A subscription row as the database holds it, typed from the schema.
import type { Selectable } from "kysely";
import type { Subscription } from "./generated/kysely/postgres/database";

export type SubscriptionRecord = Selectable<Subscription>;
