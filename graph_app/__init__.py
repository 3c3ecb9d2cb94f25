"""SE7 Local Offer Explorer: the SEND Local Offer as a knowledge graph."""

__version__ = "0.1.0"
