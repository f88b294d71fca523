// Cockpit (驾驶舱): the cumulative investment of the year by month (bars) against the target × 序时 line, drawn
// with ECharts from the json_script data of the page. Amounts arrive as strings in 亿元 (no float on the server).
(function () {
  "use strict";

  function number(value) {
    return value === null || value === undefined ? null : Number(value);
  }

  function draw() {
    var source = document.getElementById("cockpit-chart-data");
    var element = document.getElementById("chart-investment");
    if (!source || !element || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    var chart = window.echarts.getInstanceByDom(element) || window.echarts.init(element);
    var series = [
      { name: data.labels.actual, type: "bar", data: data.actual.map(number), itemStyle: { color: "#1d5fbf" } }
    ];
    if (data.schedule.length) {
      series.push({
        name: data.labels.schedule, type: "line", data: data.schedule.map(number),
        itemStyle: { color: "#c8161d" }, lineStyle: { type: "dashed" }, symbolSize: 5
      });
    }
    chart.setOption({
      title: { text: data.labels.title, left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" },
      legend: { bottom: 0, data: series.map(function (s) { return s.name; }) },
      grid: { left: 60, right: 20, top: 40, bottom: 40 },
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value", name: data.labels.unit },
      series: series
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
  window.addEventListener("resize", function () {
    var element = document.getElementById("chart-investment");
    var instance = element && window.echarts && window.echarts.getInstanceByDom(element);
    if (instance) instance.resize();
  });
})();
