"""Gateways: one adapter per provider, all behind ``base.Gateway.send``."""
