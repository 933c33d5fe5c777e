"""World events: the coding stage (extract mentions, join each to the world event it reports),
candidate look-up, same-event rules, mention checks, the extraction pool and re-coding."""
