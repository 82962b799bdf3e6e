-- 0007_movement_destination: HJ 1259-2022 B.3 (出库环节) records where each take-out goes (去向).
-- Shipments (B.5) and own use/disposal (B.4) name it through their link to the movement; a take-out
-- posted on its own (e.g. to a pre-treatment unit) now states it. Rows posted before this
-- migration keep NULL: their destination was not recorded, and the tables show it blank.
-- Forward-only.
ALTER TABLE waste_movement ADD COLUMN destination TEXT
    CHECK (destination IS NULL OR length(destination) BETWEEN 1 AND 200);
