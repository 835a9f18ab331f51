"""The plan builder: days (the date of each named day in a given year, lunar
festivals included) and schedule (the 月度活动安排表 and 责任分工表 of a plan,
and the data the browser's schedule.js rebuilds them from)."""
