// Read an iCalendar file with Mozilla's ical.js (Thunderbird's parser) and print each
// VEVENT's UID, SUMMARY and start as a UTC ISO instant, one JSON object per line.
// Used by tests/test_calendar_icaljs.py: it compares these instants with the database.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const text = readFileSync(process.argv[2], "utf8");
const calendar = new ICAL.Component(ICAL.parse(text));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);
}
for (const component of calendar.getAllSubcomponents("vevent")) {
  const event = new ICAL.Event(component);
  const start = event.startDate.convertToZone(ICAL.Timezone.utcTimezone);
  console.log(JSON.stringify({
    uid: event.uid,
    summary: event.summary,
    status: component.getFirstPropertyValue("status"),
    start: start.toJSDate().toISOString(),
    zone: event.startDate.zone ? event.startDate.zone.tzid : null,
  }));
}
