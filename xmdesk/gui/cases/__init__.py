"""The closed loop in the app: the case board, case detail, alert rules and improvement actions."""
