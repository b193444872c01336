"""`seized rank`: economics per person, normalised products, countries, scores and targets."""
