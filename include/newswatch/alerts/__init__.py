"""Alerts: watch topics, novelty, flagging new developments, delivery through the outbox to channels,
and analysts' actions on alerts (acknowledge, mute)."""
