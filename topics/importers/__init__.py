"""Importers that bring outside health-topic libraries into the topic index."""
