-- hq/0003_hq_week_mask: a summary of the week cache per plant and ISO year, as bit masks (bit
-- n−1 = ISO week n), so the grid's counts and filter and the appendix's coverage line read one
-- row per plant instead of every plant-week (issue 11 item 10: the grid's first page and the
-- appendix over 1,000 plants × 52 weeks). A cache like `hq_week`, kept in the same transactions
-- and re-derived by `hq::store::check`. `late` depends on the `deadline_days` setting and the
-- plant's time zone: it is stored with the `deadline_days` it was computed with, and a row whose
-- value is not the current setting's has its late weeks recomputed when read. Rows made here
-- from the existing week cache carry -1 (late not computed yet). Forward-only.
CREATE TABLE hq_week_mask (
    plant_id      TEXT NOT NULL REFERENCES hq_plant (id),
    iso_year      INTEGER NOT NULL,
    received      INTEGER NOT NULL,   -- a packet is held
    late          INTEGER NOT NULL,   -- first received on or after the deadline
    restated      INTEGER NOT NULL,   -- highest revision > 1
    returned      INTEGER NOT NULL,   -- the last decision returned the highest revision
    accepted      INTEGER NOT NULL,   -- the last decision is an accept
    anchor_broken INTEGER NOT NULL,   -- a packet of the week shows a rewritten plant history
    deadline_days INTEGER NOT NULL,
    PRIMARY KEY (plant_id, iso_year)
) WITHOUT ROWID;

INSERT INTO hq_week_mask (plant_id, iso_year, received, late, restated, returned, accepted, anchor_broken, deadline_days)
SELECT w.plant_id, CAST(substr(w.week, 1, 4) AS INTEGER),
       sum(CASE WHEN w.max_revision > 0 THEN 1 << (CAST(substr(w.week, 7, 2) AS INTEGER) - 1) ELSE 0 END),
       0,
       sum(CASE WHEN w.max_revision > 1 THEN 1 << (CAST(substr(w.week, 7, 2) AS INTEGER) - 1) ELSE 0 END),
       sum(CASE WHEN w.max_revision > 0 AND w.review_action = 'return' AND w.review_revision >= w.max_revision
                THEN 1 << (CAST(substr(w.week, 7, 2) AS INTEGER) - 1) ELSE 0 END),
       sum(CASE WHEN w.max_revision > 0 AND w.review_action = 'accept'
                THEN 1 << (CAST(substr(w.week, 7, 2) AS INTEGER) - 1) ELSE 0 END),
       sum(CASE WHEN EXISTS (SELECT 1 FROM hq_anchor_break b JOIN hq_packet p ON p.id = b.packet_id
                             WHERE p.plant_id = w.plant_id AND p.week = w.week)
                THEN 1 << (CAST(substr(w.week, 7, 2) AS INTEGER) - 1) ELSE 0 END),
       -1
FROM hq_week w GROUP BY w.plant_id, substr(w.week, 1, 4);
