"""Test support that lays models out as published forms (the importer's inverse)."""
