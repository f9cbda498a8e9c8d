"""Real-time chat over Socket.IO, namespace /chat."""
