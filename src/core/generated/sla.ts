/* Generated from schemas/sla.schema.json by src/build/build.mjs. Do not edit by hand. */

/**
 * The version of the sla file format this document is written in. Always 1 for now.
 */
export type FormatVersion = 1;
/**
 * A short, stable identifier for the agreement, in lower case with dashes. Used in reports and file names.
 */
export type AgreementId = string;
/**
 * The agreement's title as it appears on the signed document.
 */
export type Title = string;
/**
 * The version of this agreement; change it whenever the terms change.
 */
export type AgreementVersion = string;
/**
 * draft while being negotiated, active once both sides agreed, retired when it no longer applies.
 */
export type Status = 'draft' | 'active' | 'retired';
/**
 * The first day the agreement applies (YYYY-MM-DD).
 */
export type EffectiveDate = string;
/**
 * The last day the agreement applies (YYYY-MM-DD). Give either expires or term.
 */
export type ExpiryDate = string;
/**
 * How long the agreement runs from its effective date, when no expiry date is given, e.g. "12 months".
 */
export type Term = string;
/**
 * The IANA time zone in which dates, periods and business hours are counted.
 */
export type TimeZone = string;
/**
 * A short identifier for the party, used by signatories.
 */
export type PartyId = string;
/**
 * The team's name.
 */
export type Name = string;
/**
 * How to reach the team (an e-mail address, a channel or a queue).
 */
export type Contact = string;
/**
 * The person who speaks for the team in this agreement.
 */
export type Representative = string;
/**
 * The teams that receive the service. At least one.
 *
 * @minItems 1
 */
export type Recipients = [Recipient, ...Recipient[]];
/**
 * A short identifier for the party, used by signatories.
 */
export type PartyId1 = string;
/**
 * The team's name.
 */
export type Name1 = string;
/**
 * How to reach the team (an e-mail address, a channel or a queue).
 */
export type Contact1 = string;
/**
 * The person who speaks for the team in this agreement.
 */
export type Representative1 = string;
/**
 * The amount paid per period, in the currency's major unit (12000 for 12,000.00 EUR).
 */
export type Amount = number;
/**
 * The ISO 4217 currency code of the amount, in capitals.
 */
export type Currency = string;
/**
 * The calendar period the amount is paid for. When a KPI is measured over another period, its credit is a share of that period's charges (see docs/rules.md#charge-period).
 */
export type Per = 'month' | 'quarter' | 'year';
/**
 * The id of the party this person signs for.
 */
export type Party = string;
/**
 * The signatory's full name.
 */
export type Name2 = string;
/**
 * The signatory's job title.
 */
export type Role = string;
/**
 * What the signatory signed and when: written by `sla sign` as { date, version, fingerprint }. A plain date (YYYY-MM-DD) is still accepted from older files, with a warning: it does not say which text was signed.
 */
export type Signature = string | {date: string; version: string; fingerprint: string};
/**
 * The people who sign the agreement for each party.
 */
export type Signatories = Signatory[];
/**
 * One or two sentences that say what the service is for.
 */
export type Summary = string;
/**
 * The services the agreement covers.
 *
 * @minItems 1
 */
export type Services = [Service, ...Service[]];
/**
 * A short identifier for the service.
 */
export type ServiceId = string;
/**
 * The service's name as users know it.
 */
export type Name3 = string;
/**
 * What the service does.
 */
export type Description = string;
/**
 * Work the provider does under this agreement.
 *
 * @minItems 1
 */
export type IncludedWork = [string, ...string[]];
/**
 * Work that is out of scope, so nobody expects it.
 *
 * @minItems 1
 */
export type ExcludedWork = [string, ...string[]];
/**
 * The days of the week the service is staffed.
 *
 * @minItems 1
 */
export type Days = [
  'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun',
  ...('mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun')[]
];
/**
 * The time the service opens each covered day (HH:MM, 24-hour clock).
 */
export type From = string;
/**
 * The time the service closes each covered day (HH:MM, 24-hour clock); 24:00 means midnight at the end of the day.
 */
export type To = string;
/**
 * The IANA time zone of the coverage hours, when it differs from the agreement's.
 */
export type TimeZone1 = string;
/**
 * The holiday (YYYY-MM-DD).
 */
export type Date = string;
/**
 * What the holiday is.
 */
export type Name4 = string;
/**
 * Days on which the service is not staffed although they fall on a covered weekday.
 */
export type Holidays = Holiday[];
/**
 * An iCalendar (.ics) file, relative to the SLA file, whose all-day events are holidays too.
 */
export type HolidayCalendar = string;
/**
 * What the recipients should be able to rely on when the service works as agreed.
 *
 * @minItems 1
 */
export type Outcomes = [string, ...string[]];
/**
 * What the provider commits to do, in plain statements.
 *
 * @minItems 1
 */
export type ProviderCommitments = [string, ...string[]];
/**
 * What the recipients must provide so the provider can meet its targets.
 *
 * @minItems 1
 */
export type RecipientObligations = [string, ...string[]];
/**
 * Standards the work must meet beyond speed.
 *
 * @minItems 1
 */
export type QualityStandards = [string, ...string[]];
/**
 * The short code of the priority, as it appears in ticket data.
 */
export type PriorityId = string;
/**
 * The priority's name.
 */
export type Name5 = string;
/**
 * When a request gets this priority.
 */
export type Description1 = string;
/**
 * How soon the provider first responds, as a duration.
 */
export type ResponseTime = string;
/**
 * How soon the provider resolves the request, as a duration.
 */
export type ResolutionTime = string;
/**
 * The values of the data's priority column that mean this priority, as the ticket tool names it; KPIs keep filtering on the id (where: { priority: P1 }) and per-priority targets keep working. The id itself always matches. A value may belong to one priority only.
 *
 * @minItems 1
 */
export type NamesInTheData = [string, ...string[]];
/**
 * The priority levels with their response and resolution targets.
 */
export type Priorities = Priority[];
/**
 * The KPIs both sides agreed are measurable and realistic, with their targets. Section 4.
 *
 * @minItems 1
 */
export type Metrics = [KPI, ...KPI[]];
/**
 * A short identifier for the KPI, used by consequences and in reports.
 */
export type KPIId = string;
/**
 * What the KPI says, in words.
 */
export type Name6 = string;
/**
 * Why the KPI matters and anything a reader should know about it.
 */
export type Description2 = string;
/**
 * The unit of the measured value.
 */
export type Unit = 'percent' | 'milliseconds' | 'seconds' | 'minutes' | 'hours' | 'days' | 'count' | 'score';
/**
 * How the measured value must compare with the target.
 */
export type Comparison = '>=' | '>' | '<=' | '<' | '==';
/**
 * The target value, in the KPI's unit.
 */
export type Target = number;
/**
 * The period each measurement covers, counted in the agreement's time zone; all means the whole data at once.
 */
export type Period = 'day' | 'week' | 'month' | 'quarter' | 'all';
/**
 * The fewest rows a period needs before its value is judged against the target; a period with fewer gets the status insufficient-data, counted like a period without data (so two tickets cannot breach a 95 % target or use 5000 % of an error budget).
 */
export type MinimumSamples = number;
/**
 * How the rows of a period become one value: mean, median, min, max, sum, count, p90/p95/p99 (exact percentiles), attainment (percentage of rows meeting the threshold) or ratio (sum of column over sum of denominator, as a percentage).
 */
export type Aggregation =
  'mean' | 'median' | 'min' | 'max' | 'sum' | 'count' | 'p90' | 'p95' | 'p99' | 'attainment' | 'ratio';
/**
 * In long-format data (timestamp,metric,value), the value of the metric column that selects this KPI's rows.
 */
export type MetricName = string;
/**
 * The column holding the value; defaults to "value". Not used with duration, which computes the value.
 */
export type ValueColumn = string;
/**
 * The column holding the timestamp the clock starts at, such as the time a ticket was opened. Also the row's timestamp for periods unless timestamp says otherwise.
 */
export type StartColumn = string;
/**
 * The column holding the timestamp the clock stops at, such as the first response or the resolution. Empty while the ticket is open.
 */
export type EndColumn = string;
/**
 * business counts only the coverage hours of scope.coverage (days, hours, time zone, holidays); calendar counts every minute.
 */
export type Clock = 'business' | 'calendar';
/**
 * A column holding the total minutes the clock was paused (such as waiting for the customer), on the same clock; subtracted. Empty means no pause.
 */
export type PausedMinutesColumn = string;
/**
 * Pairs of timestamp columns between which the clock was paused; the time between them (on the same clock, within the row's start and end) is subtracted. An empty pair means no pause; an empty end means the pause still runs.
 *
 * @minItems 1
 */
export type PauseColumns = [Pause, ...Pause[]];
/**
 * The column holding when the pause started.
 */
export type PauseStartColumn = string;
/**
 * The column holding when the pause ended.
 */
export type PauseEndColumn = string;
/**
 * For ratio, the column summed as the denominator.
 */
export type DenominatorColumn = string;
/**
 * How each row's value must compare with the threshold value.
 */
export type Comparison1 = '>=' | '>' | '<=' | '<' | '==';
/**
 * The threshold: a number in the value's unit (minutes for a duration), or for a duration a length of time such as "4 business hours" or "15m". Give either value or target.
 */
export type Value = number | string;
/**
 * For a duration: compare each row with its own priority's response or resolution time from expectations.priorities (the priority read from priorityColumn). Give either value or target.
 */
export type PriorityTarget = 'response' | 'resolution';
/**
 * The column holding each row's priority id (such as P1), for a threshold that is the priority's target; defaults to "priority".
 */
export type PriorityColumn = string;
/**
 * The column holding each row's time, which decides its period; defaults to the duration's start column, else "timestamp".
 */
export type TimestampColumn = string;
/**
 * A Prometheus query whose value, sampled every step over each period, gives the rows the aggregation reads (sla check --prometheus URL, or a saved range-query response). For availability, a ratio of good over total requests such as sum(rate(http_requests_total{code!~"5.."}[5m])) / sum(rate(http_requests_total[5m])). Used instead of metric and column.
 */
export type PromQLQuery = string;
/**
 * With promql: the resolution of the range query, a whole number of seconds, minutes, hours or days such as 5m; defaults to 5m.
 */
export type QueryStep = string;
/**
 * The reports the provider publishes.
 *
 * @minItems 1
 */
export type Reports = [Report, ...Report[]];
/**
 * The report's name.
 */
export type Name7 = string;
/**
 * What the report contains.
 *
 * @minItems 1
 */
export type Content = [string, ...string[]];
/**
 * How often the report is published.
 */
export type Frequency = 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'yearly';
/**
 * Who receives the report.
 *
 * @minItems 1
 */
export type Audience = [string, ...string[]];
/**
 * Where the report is published.
 */
export type Channel = string;
/**
 * How often the agreement is reviewed.
 */
export type Frequency1 = 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'yearly';
/**
 * Who takes part in the review.
 *
 * @minItems 1
 */
export type Participants = [string, ...string[]];
/**
 * The date of the next review (YYYY-MM-DD).
 */
export type NextReview = string;
/**
 * What happens when a KPI misses its target. Section 6.
 *
 * @minItems 1
 */
export type ConsequencesOfFailure = [Consequence, ...Consequence[]];
/**
 * An optional identifier for this consequence.
 */
export type ConsequenceId = string;
/**
 * The ids of the KPIs this consequence applies to.
 *
 * @minItems 1
 */
export type KPIs = [Id, ...Id[]];
export type Id = string;
/**
 * What the provider does when the target is missed.
 */
export type Remedy = string;
/**
 * Who is told, in order, when the target is missed.
 *
 * @minItems 1
 */
export type EscalationPath = [string, ...string[]];
/**
 * The tier applies when the measured value is below this number.
 */
export type Below = number;
/**
 * The tier applies when the measured value is above this number.
 */
export type Above = number;
/**
 * The credit, as a percentage of the period's charge.
 */
export type Credit = number;
/**
 * Credit tiers, as a percentage of the period's charge. The tier that applies is the one with the largest credit whose bound the measured value crosses.
 */
export type ServiceCredits = CreditTier[];
/**
 * The most this consequence credits in one period, as a percentage of that period's charge, whichever of its KPIs were breached.
 */
export type CreditCap = number;
/**
 * The tool the data is exported from: its defaults apply for the timestamp format and zone, duration text, column names and priority names (docs/sources/<tool>.md). Overrides --source and check.source.
 */
export type SourceTool = 'jira' | 'servicenow' | 'zendesk' | 'freshservice';
/**
 * iso (ISO 8601, the default) or a date-fns pattern such as dd/MMM/yy h:mm a (Jira), yyyy-MM-dd HH:mm:ss (ServiceNow), MM/dd/yyyy h:mm a (US) or dd.MM.yyyy HH:mm (European). Tokens: yyyy yy M MM MMM MMMM d dd H HH h hh a m mm s ss S SS SSS X XX XXX xx xxx; quote literal letters ('T'). A cell that does not match is a located error, never a guess.
 */
export type TimestampFormat = string;
/**
 * The IANA time zone of timestamps written without an offset (the exporting user's zone); defaults to the source's zone, else the agreement's timezone. Periods are still counted in the agreement's timezone.
 */
export type TimestampZone = string;
/**
 * minutes (the default): a value column holds numbers. text: a cell may also hold a duration as ticket tools write it, read as minutes and converted to the KPI's time unit: Jira's 2h 15m, -1h 5m (a breached clock, negative), 1d 4h; ServiceNow's 1 Day 2 Hours 5 Minutes, or its stored form 1970-01-02 02:05:00. A bare number stays a number in the KPI's unit.
 */
export type DurationCells = 'minutes' | 'text';

/**
 * One internal service level agreement (SLA) between a provider team and one or more recipient teams, in six sections: parties, scope, expectations, metrics, reporting and consequences.
 */
export interface InternalServiceLevelAgreement {
  sla: FormatVersion;
  id: AgreementId;
  title: Title;
  version: AgreementVersion;
  status: Status;
  effective: EffectiveDate;
  expires?: ExpiryDate;
  term?: Term;
  timezone: TimeZone;
  parties: Parties;
  scope: Scope;
  expectations: Expectations;
  metrics: Metrics;
  reporting: ReportingAndReview;
  consequences: ConsequencesOfFailure;
  data?: MetricsData;
}
/**
 * Who provides the service and who receives it. Section 1 of a good agreement.
 */
export interface Parties {
  provider: Provider;
  recipients: Recipients;
  signatories?: Signatories;
}
/**
 * The team that provides the service and makes the commitments.
 */
export interface Provider {
  id: PartyId;
  name: Name;
  contact: Contact;
  representative: Representative;
}
/**
 * A team that receives the service, and optionally what it pays for it.
 */
export interface Recipient {
  id: PartyId1;
  name: Name1;
  contact: Contact1;
  representative: Representative1;
  charge?: Charge;
}
/**
 * What the recipient pays for the service per period. With a charge, service credits are amounts of money; without one, percentages of the period's charge.
 */
export interface Charge {
  amount: Amount;
  currency: Currency;
  per: Per;
}
/**
 * A person who signs for one party.
 */
export interface Signatory {
  party: Party;
  name: Name2;
  role?: Role;
  signed?: Signature;
}
/**
 * What the service covers and what it does not, when it is available and what it should achieve. Section 2.
 */
export interface Scope {
  summary: Summary;
  services: Services;
  included: IncludedWork;
  excluded: ExcludedWork;
  coverage: CoverageHours;
  outcomes?: Outcomes;
}
/**
 * One service covered by the agreement.
 */
export interface Service {
  id: ServiceId;
  name: Name3;
  description?: Description;
}
/**
 * When the service is staffed; business-hours targets are counted within these hours.
 */
export interface CoverageHours {
  days: Days;
  from: From;
  to: To;
  timezone?: TimeZone1;
  holidays?: Holidays;
  holidayCalendar?: HolidayCalendar;
}
/**
 * One day without coverage.
 */
export interface Holiday {
  date: Date;
  name?: Name4;
}
/**
 * What each side commits to, and how fast the provider responds and resolves per priority. Section 3.
 */
export interface Expectations {
  provider: ProviderCommitments;
  recipient: RecipientObligations;
  quality?: QualityStandards;
  priorities: Priorities;
}
/**
 * One priority level.
 */
export interface Priority {
  id: PriorityId;
  name: Name5;
  description?: Description1;
  response: ResponseTime;
  resolution: ResolutionTime;
  matches?: NamesInTheData;
}
/**
 * One key performance indicator with its target and how it is measured.
 */
export interface KPI {
  id: KPIId;
  name: Name6;
  description?: Description2;
  unit: Unit;
  objective: Objective;
  period: Period;
  minSamples?: MinimumSamples;
  measure: Measure;
}
/**
 * The target the measured value is compared with.
 */
export interface Objective {
  op: Comparison;
  target: Target;
}
/**
 * How the KPI is computed: from a metrics CSV (a value column, or a duration computed per row between two timestamp columns), or from a Prometheus range query (promql).
 */
export interface Measure {
  aggregate: Aggregation;
  metric?: MetricName;
  column?: ValueColumn;
  duration?: DurationBetweenTwoTimestamps;
  denominator?: DenominatorColumn;
  where?: RowFilter;
  threshold?: PerRowThreshold;
  priorityColumn?: PriorityColumn;
  timestamp?: TimestampColumn;
  promql?: PromQLQuery;
  step?: QueryStep;
}
/**
 * Computes each row's value as the time, in minutes, from one timestamp column to another, counted within coverage hours (business) or around the clock (calendar), less any pauses. A row whose end is empty is still open.
 */
export interface DurationBetweenTwoTimestamps {
  from: StartColumn;
  to: EndColumn;
  clock: Clock;
  paused?: PausedMinutesColumn;
  pauses?: PauseColumns;
}
/**
 * A pair of columns holding when one pause started and ended.
 */
export interface Pause {
  from: PauseStartColumn;
  to: PauseEndColumn;
}
/**
 * Only rows whose columns equal these values count.
 */
export interface RowFilter {
  [k: string]: string | number | boolean;
}
/**
 * For attainment, the comparison each row's value must pass: against a fixed value, or, for a duration, against the target of the row's priority.
 */
export interface PerRowThreshold {
  op: Comparison1;
  value?: Value;
  target?: PriorityTarget;
}
/**
 * What is reported, how often and to whom, and how the agreement is reviewed. Section 5.
 */
export interface ReportingAndReview {
  reports: Reports;
  review: Review;
}
/**
 * One recurring report.
 */
export interface Report {
  name: Name7;
  content?: Content;
  frequency: Frequency;
  audience: Audience;
  channel?: Channel;
}
/**
 * How often the agreement itself is reviewed, and by whom.
 */
export interface Review {
  frequency: Frequency1;
  participants: Participants;
  next: NextReview;
}
/**
 * The remedy, escalation and credits that apply when any of the named KPIs misses its target.
 */
export interface Consequence {
  id?: ConsequenceId;
  kpis: KPIs;
  remedy: Remedy;
  escalation: EscalationPath;
  credits?: ServiceCredits;
  cap?: CreditCap;
}
/**
 * Give below for KPIs that must stay high (availability), above for KPIs that must stay low (latency).
 */
export interface CreditTier {
  below?: Below;
  above?: Above;
  credit: Credit;
}
/**
 * How the metrics data is written, when it is not sla's own CSV (ISO 8601 timestamps, numbers): a ticket tool's export. Read by sla check and sla report; every field overrides the default of source, which overrides nothing else (precedence: this section, then --source or check.source in sla.config.yaml). See docs/sources.md.
 */
export interface MetricsData {
  source?: SourceTool;
  timestamps?: Timestamps;
  durations?: DurationCells;
  columns?: ColumnNames;
}
/**
 * How timestamp cells are written.
 */
export interface Timestamps {
  format?: TimestampFormat;
  zone?: TimestampZone;
}
/**
 * The column names KPIs use (opened_at, priority) mapped to the headers of the export (Created, Priority); a name the header has itself is read as is. Adds to and overrides the source's mapping.
 */
export interface ColumnNames {
  [k: string]: string;
}
