"""Who contributes from which department: counts per zone and department, and their chart."""
