-- 0009_reserved: placeholder on branch issue9-transfer only, so that 0010 applies in sequence
-- here. The real 0009 (issue 9, another branch) replaces this file at merge; never ship both.
SELECT 1;
