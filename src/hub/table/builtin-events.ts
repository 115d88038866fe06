// The Event printer. core/v1 and events.k8s.io/v1 serve the same stored Events with the same
// table, so cells are read from whichever field names the object carries.

import { NAME_COLUMN, column, wide } from './columns.js';
import { nameOf } from './print-helpers.js';
import { ageSince, isZeroTime, parseTimestamp } from './time.js';
import type { TableSpec } from './types.js';
import { isSet, rec, str, type Obj } from './unstructured.js';

function pick(obj: Obj, core: string, eventsV1: string): unknown {
  return obj[core] ?? obj[eventsV1];
}

function isUnset(ts: unknown): boolean {
  return isZeroTime(parseTimestamp(ts));
}

function eventCells(obj: Obj, now: number): unknown[] {
  const involved = rec(pick(obj, 'involvedObject', 'regarding'));
  const source = rec(pick(obj, 'source', 'deprecatedSource'));
  const firstTs = pick(obj, 'firstTimestamp', 'deprecatedFirstTimestamp');
  const lastTs = pick(obj, 'lastTimestamp', 'deprecatedLastTimestamp');

  // New-API events carry only eventTime (and a series when repeated); old ones the timestamps.
  const firstSeen = isUnset(firstTs) ? ageSince(obj.eventTime, now) : ageSince(firstTs, now);
  let lastSeen = isUnset(lastTs) ? firstSeen : ageSince(lastTs, now);
  let count = Number(pick(obj, 'count', 'deprecatedCount') ?? 0) || 0;
  const series = obj.series;
  if (isSet(series)) {
    lastSeen = ageSince(rec(series).lastObservedTime, now);
    count = Number(rec(series).count ?? 0) || 0;
  } else if (count === 0) {
    count = 1;
  }

  const kind = str(involved.kind).toLowerCase();
  const target = str(involved.name) ? `${kind}/${str(involved.name)}` : kind;
  const component = str(source.component) || str(pick(obj, 'reportingComponent', 'reportingController'));
  const instance = str(source.host) || str(obj.reportingInstance);
  return [
    lastSeen,
    str(obj.type),
    str(obj.reason),
    target,
    str(involved.fieldPath),
    instance ? `${component}, ${instance}` : component,
    str(pick(obj, 'message', 'note')).trim(),
    firstSeen,
    count,
    nameOf(obj),
  ];
}

export const EVENT_TABLE: TableSpec = {
  columns: [
    column('Last Seen', 'The time at which the most recent occurrence of this event was recorded.'),
    column('Type', 'Type of this event (Normal, Warning), new types could be added in the future'),
    column('Reason', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
    column('Object', 'The object that this event is about.'),
    wide(
      'Subobject',
      'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].',
    ),
    wide('Source', 'The component reporting this event. Should be a short machine understandable string.'),
    column('Message', 'A human-readable description of the status of this operation.'),
    wide('First Seen', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)'),
    wide('Count', 'The number of times this event has occurred.'),
    { ...NAME_COLUMN, priority: 1 },
  ],
  cells: eventCells,
};
