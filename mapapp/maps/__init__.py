"""folium maps: built from stored data, served with local assets, embedded in our pages."""
