"""The editors' commands: `new` and `import`, and what they read reports with."""
