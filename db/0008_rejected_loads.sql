-- 0008_rejected_loads: a receiver may reject a whole load or some of its lines (containers).
-- A rejected line comes back into the plant's stock as a return movement (B.2 入库) that names
-- the manifest line it returns; the container keeps its original storage-clock start. Only what
-- the receiver accepted counts as outsourced (B.5, the period summary, GRI 306).
-- Forward-only. Receipts recorded before this migration keep rejected = 0 on their lines; a
-- receipt whose outcome was 'rejected' rejected every line (the view below says so).

ALTER TABLE shipment_receipt_line ADD COLUMN rejected INTEGER NOT NULL DEFAULT 0 CHECK (rejected IN (0, 1));

ALTER TABLE waste_movement ADD COLUMN return_of_line_id TEXT REFERENCES shipment_line (id);
-- A manifest line comes back at most once (a reversal row repeats the link of what it reverses).
CREATE UNIQUE INDEX waste_movement_return_once ON waste_movement (return_of_line_id)
    WHERE return_of_line_id IS NOT NULL AND reverses_id IS NULL;
CREATE TRIGGER waste_movement_return_is_a_put_away BEFORE INSERT ON waste_movement
WHEN NEW.return_of_line_id IS NOT NULL AND NEW.kind <> 'into_storage'
BEGIN SELECT RAISE(ABORT, 'a return of a rejected manifest line is a movement into storage'); END;

-- The one definition of what a live manifest line counts as: rejected (by the line's flag or a
-- whole-load rejection) or not, and the method it counts under — the one the receiver confirmed
-- where recorded, the planned one otherwise. Every figure reads it (B.5, summary, GRI, receivers),
-- and so do the shipment read model and B.3 (a voided shipment is not in it: it has no receipt).
CREATE VIEW shipment_line_outcome AS
SELECT l.id AS line_id, l.shipment_id, l.code, l.quantity_g, s.local_date, s.purpose, s.receiver_id,
       coalesce(nullif(r.method, ''), s.method) AS method,
       CASE WHEN r.outcome = 'rejected' OR coalesce(rl.rejected, 0) = 1 THEN 1 ELSE 0 END AS rejected,
       CASE WHEN r.outcome = 'rejected' OR coalesce(rl.rejected, 0) = 1 THEN 0 ELSE l.quantity_g END AS accepted_g,
       -- The 入库批次编码 of the movement that brought a rejected line back, if booked.
       (SELECT b.batch_code FROM waste_movement b WHERE b.return_of_line_id = l.id AND b.reverses_id IS NULL)
           AS return_batch
FROM shipment_line l
JOIN shipment s ON s.id = l.shipment_id
LEFT JOIN shipment_receipt r ON r.shipment_id = s.id
LEFT JOIN shipment_receipt_line rl ON rl.line_id = l.id
WHERE s.voided_at IS NULL;
