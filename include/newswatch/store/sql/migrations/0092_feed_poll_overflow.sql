-- Issue 17: bounded input. A poll takes at most the policy's item cap and byte budget of a feed,
-- newest first; what it left behind is recorded on FeedPolled (overflow, overflow_reason) and
-- kept here: the last parsed poll's overflow and the total over every poll.
ALTER TABLE newswatch.proj_feeds
  ADD COLUMN IF NOT EXISTS last_overflow integer NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS last_overflow_reason text,
  ADD COLUMN IF NOT EXISTS items_overflow bigint NOT NULL DEFAULT 0;
