-- NoticeState gains WITHDRAWN. SQLite keeps enums as plain text, so nothing changes here; the
-- folder keeps both providers' migration histories the same.
SELECT 1;
