"""The closed loop: arrivals (outbox), alert rules, cases, the department workbook, actions, working time."""
