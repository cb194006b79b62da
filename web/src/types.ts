// Shapes of the /api/v1 JSON bodies the console reads and writes (see docs/api.md).

export type Permission =
  | 'accounts.read'
  | 'accounts.write'
  | 'notes.write'
  | 'contacts.confidential.read'
  | 'audit.read'
  | 'users.manage'
  | string;

export interface User {
  id: string;
  username: string;
  display_name: string;
  role: string;
  permissions: Permission[];
}

export interface Session {
  user: User;
  csrf_token: string;
  expires_at: string;
}

export interface CodeName {
  code: string;
  name: string;
}

export interface RouteRef extends CodeName {
  cycle: string;
}

export interface CityProfile {
  name: string;
  city: string;
  state: string;
  time_zone: string;
}

export interface ReferenceData {
  city: CityProfile;
  premise_types: CodeName[];
  account_statuses: CodeName[];
  roles: CodeName[];
  cycles: CodeName[];
  routes: RouteRef[];
  states: string[];
}

export interface Address {
  line1: string;
  line2: string;
  city: string;
  state: string;
  postal_code: string;
}

export interface Phone {
  number: string;
  label: string;
}

export type AccountStatus = 'pending' | 'active' | 'final' | 'closed' | string;

export interface AccountSummary {
  id: string;
  account_number: string;
  status: AccountStatus;
  customer_name: string;
  customer_id: string;
  service_address: string;
  premise_id: string;
  phone?: string;
  email?: string;
  confidential: boolean;
}

export interface Customer {
  id: string;
  kind: 'person' | 'business';
  first_name: string;
  last_name: string;
  business_name: string;
  display_name: string;
  phones?: Phone[];
  emails?: string[];
  mailing_address?: Address | null;
  date_of_birth?: string | null;
  id_last4_masked?: string | null;
  confidential: boolean;
  contact_hidden: boolean;
  version: number;
}

export interface Premise {
  id: string;
  address: Address;
  inside_city_limits: boolean;
  premise_type: string;
  unit_count: number;
  parcel_number: string;
  route: string;
  cycle: string;
  version: number;
}

export interface Account {
  id: string;
  account_number: string;
  status: AccountStatus;
  opened_on: string;
  closed_on: string | null;
  version: number;
  mailing_address?: Address | null;
  customer: Customer;
  premise: Premise;
}

export interface UserRef {
  id: string;
  display_name: string;
}

export interface Note {
  id: string;
  account_id: string;
  text: string;
  author: UserRef;
  created_at: string;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface AuditEvent {
  id: string;
  at: string;
  user: UserRef | null;
  action: string;
  entity_type: string;
  entity_id: string;
  changes: FieldChange[];
}

export interface ListPage<T> {
  data: T[];
  next_page_token?: string;
}

export interface NewCustomer {
  kind: 'person' | 'business';
  first_name: string;
  last_name: string;
  business_name: string;
  phones: Phone[];
  emails: string[];
  mailing_address: Address;
  date_of_birth?: string;
  id_last4?: string;
  confidential: boolean;
}

export interface NewPremise {
  address: Address;
  inside_city_limits: boolean;
  premise_type: string;
  unit_count: number;
  parcel_number: string;
  route: string;
  cycle: string;
}

export interface NewAccountRequest {
  customer: NewCustomer;
  premise: NewPremise;
  account: { mailing_address: Address | null; opened_on?: string };
}
